# Databricks notebook source
# MAGIC %md
# MAGIC # Twin
# MAGIC Same content, two formats.

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT 1

# COMMAND ----------

# MAGIC %run ./x

# COMMAND ----------

# MAGIC %pip install requests
# MAGIC %restart_python

# COMMAND ----------

# DBTITLE 1,Compute
value = 41 + 1
print(value)

# COMMAND ----------

# MAGIC %md-sandbox
# MAGIC <i>sandbox</i>

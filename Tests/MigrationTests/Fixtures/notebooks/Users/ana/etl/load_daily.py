# Databricks notebook source
# MAGIC %md
# MAGIC # Daily load
# MAGIC
# MAGIC Loads the raw files.

# COMMAND ----------

# DBTITLE 1,Imports
import os
import sys

# COMMAND ----------

# DBTITLE 0,Hidden title
x = 1

# COMMAND ----------

# MAGIC %sql select 1

# COMMAND ----------

# MAGIC %md ## Heading

# COMMAND ----------

# MAGIC %fs ls

# COMMAND ----------

   

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT *
# MAGIC   FROM t
# MAGIC 
# MAGIC WHERE x = 1

# COMMAND ----------
# COMMAND ----------

# MAGIC %pip install requests==2.32.3
# MAGIC %restart_python

# COMMAND ----------

# MAGIC %sh
# MAGIC ls -la /tmp
# MAGIC   echo indented

# COMMAND ----------

# MAGIC %%writefile /tmp/hello.py
# MAGIC print("hello")

# COMMAND ----------

# MAGIC %load_ext autoreload
# MAGIC %autoreload 2

# COMMAND ----------

# dbutils.widgets.text("run_date", "")
# run_date = dbutils.widgets.get("run_date")
print("widgets are commented out")

# Databricks notebook source
# DBTITLE 1,Windows
x = 1

# COMMAND ----------

# MAGIC %md
# MAGIC Line one
# MAGIC
# MAGIC Line three

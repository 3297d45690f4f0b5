# Databricks notebook source
# MAGIC %run ./config

# COMMAND ----------

# DBTITLE 1,Session settings
spark.conf.set("spark.databricks.delta.optimizeWrite.enabled", "true")
spark.conf.set("spark.sql.shuffle.partitions", "64")

# COMMAND ----------

api_token = dbutils.secrets.get(scope="sales", key="pos_api_token")
warehouse_password = dbutils.secrets.get("sales", "warehouse_password")

# COMMAND ----------

def banner(text):
    displayHTML(f"<h3>{text}</h3>")

banner(f"Sales pipeline for {ENV} / {REGION}")

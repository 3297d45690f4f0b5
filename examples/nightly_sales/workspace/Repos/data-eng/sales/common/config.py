# Databricks notebook source
# MAGIC %md
# MAGIC # Shared configuration
# MAGIC Catalog, schema and storage locations used by every sales notebook.

# COMMAND ----------

dbutils.widgets.text("env", "dev", "Environment")
dbutils.widgets.dropdown("region", "emea", ["emea", "amer", "apac"], "Region")

# COMMAND ----------

# DBTITLE 1,Derived settings
ENV = dbutils.widgets.get("env")
REGION = dbutils.widgets.get("region")
CATALOG = "main"
SCHEMA = f"sales_{ENV}"
RAW_ROOT = "/mnt/raw/pos"
ARCHIVE_ROOT = "s3://acme-sales-archive/pos"
CHECKPOINTS = "dbfs:/checkpoints/sales"

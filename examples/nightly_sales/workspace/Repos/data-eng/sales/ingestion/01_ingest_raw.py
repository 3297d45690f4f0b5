# Databricks notebook source
# MAGIC %md
# MAGIC ## Ingest raw POS files
# MAGIC Lands the day's point-of-sale exports into the bronze table.

# COMMAND ----------

# MAGIC %pip install great-expectations==0.18.12
# MAGIC %restart_python

# COMMAND ----------

# MAGIC %run ../common/setup

# COMMAND ----------

dbutils.widgets.text("source_system", "pos")
dbutils.widgets.text("run_date", "")
source_system = dbutils.widgets.get("source_system")
run_date = dbutils.widgets.get("run_date")

# COMMAND ----------

# DBTITLE 1,List the landing folder
files = dbutils.fs.ls(f"{RAW_ROOT}/{run_date}")
print(f"{len(files)} files to load")

# COMMAND ----------

raw = (spark.read.format("json")
       .load(f"/mnt/raw/pos/{run_date}/*.json"))
raw.write.mode("append").saveAsTable("main.sales_bronze.pos_events")

# COMMAND ----------

# MAGIC %sql
# MAGIC OPTIMIZE main.sales_bronze.pos_events ZORDER BY (store_id)

# COMMAND ----------

archive = spark.read.parquet("s3://acme-sales-archive/pos/2024/")
print(archive.count())
dbutils.jobs.taskValues.set(key="rows_loaded", value=raw.count())

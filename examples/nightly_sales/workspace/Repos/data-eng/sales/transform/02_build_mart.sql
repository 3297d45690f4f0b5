-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Sales mart
-- MAGIC Builds the daily store and product aggregates.

-- COMMAND ----------

USE CATALOG main;

-- COMMAND ----------

-- DBTITLE 1,Daily store totals
CREATE OR REPLACE TABLE main.sales_mart.daily_store AS
SELECT store_id, CAST(event_ts AS DATE) AS sales_date, SUM(amount) AS revenue
FROM main.sales_bronze.pos_events
GROUP BY store_id, CAST(event_ts AS DATE);

-- COMMAND ----------

CREATE OR REPLACE TABLE hive_metastore.legacy.daily_store_copy AS
SELECT * FROM main.sales_mart.daily_store WHERE sales_date = '${run_date}';

-- COMMAND ----------

-- MAGIC %python
-- MAGIC rows = spark.table("main.sales_mart.daily_store").count()
-- MAGIC dbutils.notebook.exit(str(rows))

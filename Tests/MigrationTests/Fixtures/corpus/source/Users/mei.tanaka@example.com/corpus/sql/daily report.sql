-- Databricks notebook source
-- MAGIC %md-sandbox
-- MAGIC <div class="banner">Daily report</div>
-- MAGIC <script>console.log("banner shown")</script>

-- COMMAND ----------

-- DBTITLE 1,Catalog
USE CATALOG main;
USE main.sales

-- COMMAND ----------

SELECT o.region, sum(o.amount) AS total
FROM main.sales.orders o
JOIN customers c ON o.customer_id = c.id
JOIN ref.regions r ON o.region = r.code
GROUP BY o.region

-- COMMAND ----------

-- MAGIC %sql
-- MAGIC %sql
-- MAGIC SELECT count(*) FROM hive_metastore.ops.audit

-- COMMAND ----------

-- MAGIC %python
-- MAGIC rows = spark.table("main.sales.orders").count()
-- MAGIC print(rows)

-- COMMAND ----------

SELECT * FROM main.sales.orders
WHERE region = '$region' AND day = ${run_date} AND lane = :lane AND flag = getArgument('flag')

-- COMMAND ----------

OPTIMIZE main.sales.orders ZORDER BY (region);
VACUUM main.sales.orders RETAIN 168 HOURS;
DESCRIBE HISTORY main.sales.orders;
SELECT * FROM main.sales.orders VERSION AS OF 3

-- COMMAND ----------

SET spark.databricks.delta.retentionDurationCheck.enabled = false;
SET spark.sql.shuffle.partitions = 64

-- COMMAND ----------

CREATE OR REFRESH STREAMING TABLE bronze_events
AS SELECT * FROM STREAM READ_FILES('/Volumes/main/corpus/landing/events', format => 'json')

-- COMMAND ----------

SELECT ai_query('corpus-endpoint', concat('Summarise: ', note)) AS summary
FROM main.sales.notes

-- COMMAND ----------

SELECT count(*) FROM LIVE.bronze_events

-- COMMAND ----------

CREATE TABLE IF NOT EXISTS main.sales.external_drops
USING csv
LOCATION '/mnt/raw/till/external'

-- COMMAND ----------

-- MAGIC
-- MAGIC 
-- MAGIC %md
-- MAGIC Blank `-- MAGIC` lines, one bare and one with a trailing space, come first here.

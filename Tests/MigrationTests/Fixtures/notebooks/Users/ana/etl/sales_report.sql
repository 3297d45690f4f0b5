-- Databricks notebook source
-- MAGIC %md-sandbox
-- MAGIC <h1>Sales</h1>
-- MAGIC 
-- MAGIC <p>By region</p>

-- COMMAND ----------

-- DBTITLE 1,Totals
SELECT region, sum(amount) AS total
FROM sales
GROUP BY region

-- COMMAND ----------

-- MAGIC %python
-- MAGIC df = spark.table("sales")
-- MAGIC display(df)

-- COMMAND ----------

-- MAGIC %sql
-- MAGIC SELECT 1;
-- MAGIC %sql
-- MAGIC SELECT 2;

-- COMMAND ----------

-- MAGIC %sql SELECT 3

-- COMMAND ----------

-- keep the filter
SELECT * FROM sales WHERE amount > 0

-- COMMAND ----------

-- MAGIC %md
-- MAGIC Notes
-- MAGIC
-- MAGIC * one

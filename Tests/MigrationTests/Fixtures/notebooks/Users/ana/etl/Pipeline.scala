// Databricks notebook source
// MAGIC %md-sandbox
// MAGIC <b>Scala pipeline</b>

// COMMAND ----------

val df = spark.table("sales")

// COMMAND ----------

// MAGIC %sql
// MAGIC SELECT * FROM sales

// COMMAND ----------

// MAGIC %run ../shared/setup

// COMMAND ----------

// DBTITLE 1,Count
df.count()

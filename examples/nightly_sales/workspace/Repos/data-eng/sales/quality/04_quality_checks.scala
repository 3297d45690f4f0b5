// Databricks notebook source
// MAGIC %md
// MAGIC ### Quality checks
// MAGIC Row-count and null checks on the mart, written in Scala by the platform team.

// COMMAND ----------

val mart = spark.table("main.sales_mart.daily_store")
val nullStores = mart.filter("store_id IS NULL").count()
require(nullStores == 0, s"$nullStores rows without a store")

// COMMAND ----------

// MAGIC %sql
// MAGIC SELECT sales_date, COUNT(*) AS stores FROM main.sales_mart.daily_store GROUP BY sales_date

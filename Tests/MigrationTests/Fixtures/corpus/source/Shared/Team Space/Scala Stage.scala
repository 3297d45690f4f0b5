// Databricks notebook source
// DBTITLE 1,Stage orders
val orders = spark.table("main.sales.orders")
orders.createOrReplaceTempView("staged_orders")

// COMMAND ----------

// MAGIC %sql
// MAGIC SELECT count(*) FROM staged_orders

// COMMAND ----------

// MAGIC %run ./stage_setup

// COMMAND ----------

// MAGIC %md-sandbox
// MAGIC <div>Staging notes</div>

// COMMAND ----------

val parallelism = sc.defaultParallelism

// COMMAND ----------

val token = dbutils.secrets.get("ops", "till-api.token")

// COMMAND ----------

spark.conf.set("spark.databricks.io.cache.enabled", "true")
val stageRoot = "/Volumes/main/corpus/stage"

// COMMAND ----------

val events = spark.readStream.format("cloudFiles").load("/mnt/raw/till/events")

// COMMAND ----------

// MAGIC %python
// MAGIC print("python inside a Scala notebook")

# Databricks notebook source
cleaned = spark.table("main.sales.orders").dropDuplicates(["order_id"])
cleaned.createOrReplaceTempView("cleaned_orders")

# COMMAND ----------

dbutils.notebook.run("step_publish", 0, {"source": "clean"})
dbutils.notebook.exit(str(cleaned.count()))

# Databricks notebook source
# DBTITLE 1,Catalog and schema
spark.sql("USE CATALOG main")
spark.catalog.setCurrentCatalog("hive_metastore")
CATALOG = "main"
ORDERS = spark.table("main.sales.orders")
STAGING = spark.table("staging_orders")

# COMMAND ----------

ORDERS.write.mode("overwrite").saveAsTable("main.sales.orders_snapshot")
spark.sql("SELECT count(*) FROM hive_metastore.ops.audit WHERE day = current_date()")

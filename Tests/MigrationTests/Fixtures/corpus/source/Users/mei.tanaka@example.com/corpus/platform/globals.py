# Databricks notebook source
# DBTITLE 1,Native globals stay as they are
orders = spark.table("main.sales.orders")
display(orders)

# COMMAND ----------

frame = spark.range(5)
display(frame)

# COMMAND ----------

displayHTML("<h3>Daily KPIs</h3>")
displayHTML(f"<p>{orders.count()} orders</p>")

# COMMAND ----------

print(sc.defaultParallelism)
partitions = spark.sparkContext.defaultParallelism

# COMMAND ----------

legacy = sqlContext.sql("SELECT * FROM main.sales.orders")
lookup = sqlContext.table("main.ref.regions")

# COMMAND ----------

sqlContext.cacheTable("main.ref.regions")

# COMMAND ----------

recent = sql("SELECT * FROM main.sales.orders WHERE day >= date_sub(current_date(), 7)")
regions = table("main.ref.regions")

# COMMAND ----------

@udf("string")
def shout(text):
    return text.upper()

# COMMAND ----------

dbutils.help()

# COMMAND ----------

dbutils.credentials.showRoles()

# COMMAND ----------

dbutils.data.summarize(orders)

# COMMAND ----------

import dlt


@dlt.table(comment="bronze orders")
def bronze_orders():
    return spark.readStream.format("cloudFiles").option("cloudFiles.format", "json").load("/mnt/raw/till/stream")

# COMMAND ----------

stream = spark.readStream.format("cloudFiles").option("cloudFiles.format", "csv").load("/Volumes/main/corpus/landing/stream")

# COMMAND ----------

from databricks.feature_store import FeatureStoreClient
from databricks.sdk import WorkspaceClient
import mlflow

mlflow.set_tracking_uri("databricks")
feature_client = FeatureStoreClient()

# COMMAND ----------

from delta.tables import DeltaTable

orders_table = DeltaTable.forName(spark, "main.sales.orders")
orders_table.optimize().executeZOrderBy("region")
orders_table.vacuum(168)
previous = spark.read.option("versionAsOf", 3).table("main.sales.orders")

# COMMAND ----------

greeting = “hello”
total = 1 + 2
count = 3​
note = "keep’s curly quote inside a string"

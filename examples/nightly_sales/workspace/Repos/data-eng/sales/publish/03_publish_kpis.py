# Databricks notebook source
# MAGIC %md
# MAGIC ## Publish KPIs
# MAGIC Computes the day's KPIs, hands them to the export notebook, and reports back.

# COMMAND ----------

# MAGIC %run ../common/config

# COMMAND ----------

import json

kpis = spark.sql("SELECT SUM(revenue) AS revenue FROM main.sales_mart.daily_store").collect()[0].asDict()
result = dbutils.notebook.run("./export_kpis", 0, {"env": ENV, "revenue": str(kpis["revenue"])})
status = json.loads(result)

# COMMAND ----------

target = f"./regional/{REGION}_export"
dbutils.notebook.run(target, 600)

# COMMAND ----------

# MAGIC %sh
# MAGIC ls -la /tmp/kpi_exports

# COMMAND ----------

dbutils.jobs.taskValues.set(key="published", value="yes")
dbutils.notebook.exit(json.dumps({"status": "ok", "revenue": kpis["revenue"]}))

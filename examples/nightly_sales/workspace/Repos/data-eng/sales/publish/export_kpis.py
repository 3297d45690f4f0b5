# Databricks notebook source
# DBTITLE 1,Parameters
dbutils.widgets.text("env", "dev")
dbutils.widgets.text("revenue", "0")

# COMMAND ----------

import json

revenue = float(dbutils.widgets.get("revenue"))
path = f"/dbfs/FileStore/kpis/{dbutils.widgets.get('env')}/revenue.txt"
with open(path, "w") as handle:
    handle.write(str(revenue))

# COMMAND ----------

dbutils.notebook.exit(json.dumps({"written": path}))

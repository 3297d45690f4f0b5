# Databricks notebook source
# MAGIC %md ## Controller

# COMMAND ----------

# MAGIC %run ../common/config

# COMMAND ----------

import json

run_day = dbutils.widgets.get("run_day")
result = dbutils.notebook.run("step_clean", 0)
print(result)

# COMMAND ----------

payload = json.loads(dbutils.notebook.run("./step_publish", 600, {"mode": "full", "day": run_day}))

# COMMAND ----------

status = dbutils.notebook.run(path="step_clean", timeout_seconds=120, arguments={"retry": "1"})

# COMMAND ----------

for step in ["clean", "publish"]:
    dbutils.notebook.run(f"./step_{step}", 300)
next_notebook = dbutils.widgets.get("next_notebook")
dbutils.notebook.run(next_notebook, 60)

# COMMAND ----------

dbutils.jobs.taskValues.set(key="row_count", value=payload["rows"])
dbutils.jobs.taskValues.set(key="stage", value="published")

# COMMAND ----------

upstream_rows = dbutils.jobs.taskValues.get(taskKey="ingest", key="row_count", default=0, debugValue=42)

# COMMAND ----------

notebook_path = dbutils.notebook.entry_point.getDbutils().notebook().getContext().notebookPath().get()
steps = dbutils.notebook

# COMMAND ----------

dbutils.notebook.exit("success")

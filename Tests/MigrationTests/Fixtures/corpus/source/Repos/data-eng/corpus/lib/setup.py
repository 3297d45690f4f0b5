# Databricks notebook source
# MAGIC %md
# MAGIC Shared setup for the corpus job: loads the base settings, then pins the session.

# COMMAND ----------

# MAGIC %run ./base

# COMMAND ----------

spark.conf.set("spark.databricks.delta.optimizeWrite.enabled", "true")
spark.conf.set("spark.sql.shuffle.partitions", "64")

# COMMAND ----------

# DBTITLE 1,The job this accelerator creates (embedded job dict)
job_json = {
    "name": "{{DEMO_NAME}}_nightly",
    "job_clusters": [{"job_cluster_key": "demo_cluster", "new_cluster": {"spark_version": "15.4.x-scala2.12", "num_workers": 1}}],
    "tasks": [
        {"task_key": "setup", "notebook_task": {"notebook_path": "/Repos/data-eng/corpus/lib/setup"}, "job_cluster_key": "demo_cluster"},
        {"task_key": "transform", "depends_on": [{"task_key": "setup"}], "notebook_task": {"notebook_path": "{{DEMO_FOLDER}}/02_transform"},
         "libraries": [{"jar": "dbfs:/FileStore/jars/corpus-udfs.jar"}], "job_cluster_key": "demo_cluster"},
        {"task_key": "refresh", "depends_on": [{"task_key": "transform"}], "pipeline_task": {"pipeline_id": "{{PIPELINE_ID}}"}},
    ],
}

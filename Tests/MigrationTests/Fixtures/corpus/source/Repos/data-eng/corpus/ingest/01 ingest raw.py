# Databricks notebook source
# DBTITLE 1,Overview
# MAGIC %md
# MAGIC # Ingest raw drops
# MAGIC Lands one day of till exports for the corpus job.

# COMMAND ----------

# COMMAND ----------

# MAGIC %run ../lib/setup

# COMMAND ----------

# MAGIC %run ./helpers/paths

# COMMAND ----------

# MAGIC %run /Users/mei.tanaka@example.com/corpus/common/config

# COMMAND ----------

# MAGIC %run /Repos/data-eng/corpus/lib/setup

# COMMAND ----------

# MAGIC %run "./My Helpers/quoted helper"

# COMMAND ----------

# MAGIC %run ./params_lib $env=prod $run_date=$run_date $lesson="0"

# COMMAND ----------

# MAGIC %run
# MAGIC ../lib/next_line_target

# COMMAND ----------

# MAGIC %run ./not_exported

# COMMAND ----------

%run ./helpers/paths

# COMMAND ----------

# Resolve the helpers once more, with the comment style people use
# MAGIC %run ./helpers/paths # shared path helpers

# COMMAND ----------

# %run ./disabled_setup
print("the disabled setup stays a comment")

# COMMAND ----------

# DBTITLE 0,Parameters
dbutils.widgets.text("source_system", "till")
dbutils.widgets.dropdown("mode", "incremental", ["incremental", "full"])
dbutils.widgets.multiselect("regions", "north", ["north", "south", "east"])
dbutils.widgets.combobox("lane", "a", ["a", "b"], "Lane")
dbutils.widgets.text("run_date", default_run_date)

# COMMAND ----------

# Old widget block, kept for reference:
# dbutils.widgets.text("legacy", "x")
# dbutils.widgets.get("legacy")
source_system = dbutils.widgets.get("source_system")
regions = dbutils.widgets.get("regions").split(",")
batch_id = dbutils.widgets.get("batch_id")
lane = dbutils.widgets.getArgument("lane", "b")
legacy_flag = getArgument("legacy_flag", "no")
widget_name = "mode"
mode = dbutils.widgets.get(widget_name)

# COMMAND ----------

every_parameter = dbutils.widgets.getAll()

# COMMAND ----------

dbutils.widgets.remove("lane")
dbutils.widgets.removeAll()

# COMMAND ----------

# DBTITLE 1,Credentials
db_password = dbutils.secrets.get(scope="corpus-kv", key="db-password")
api_token = dbutils.secrets.get("ops", "till-api.token")
client_cert = dbutils.secrets.getBytes("corpus-kv", "db-password")

# COMMAND ----------

print(dbutils.secrets.list("corpus-kv"))
print(dbutils.secrets.listScopes())

# COMMAND ----------

dbutils.secrets.help()

# COMMAND ----------

incoming = dbutils.fs.ls("dbfs:/FileStore/corpus/incoming")
dbutils.fs.cp("/mnt/raw/till/today.csv", "/dbfs/tmp/corpus/today.csv")
dbutils.fs.mv("dbfs:/tmp/corpus/today.csv", "dbfs:/tmp/corpus/archive/today.csv")
dbutils.fs.rm("dbfs:/tmp/corpus/old", True)
dbutils.fs.mkdirs("/Volumes/main/corpus/landing/checkpoints")
dbutils.fs.put("/tmp/corpus/marker.txt", "done", True)
readme = dbutils.fs.head("/FileStore/corpus/readme.txt")

# COMMAND ----------

dbutils.fs.mount(source="wasbs://drops@corpusstore.blob.core.windows.net", mount_point="/mnt/drops")
for mount in dbutils.fs.mounts():
    print(mount.mountPoint)

# COMMAND ----------

# DBTITLE 1,Read the drops
raw = spark.read.option("header", "true").csv("/mnt/raw/till/2024")
archive = spark.read.json("s3://corpus-bucket/archive/2024")
landing = "/Volumes/main/corpus/landing/files"
lookup = pd.read_csv("/dbfs/FileStore/corpus/lookup.csv")
extra = spark.read.csv("dbfs:/mnt/raw/till/extra")
display(raw)

# COMMAND ----------

legacy = spark.read.parquet("/mnt/legacy/till")
lake = spark.read.text("abfss://lake@corpusacct.dfs.core.windows.net/raw")
sample = spark.read.csv("/databricks-datasets/retail-org/customers/")

# COMMAND ----------

config_notebook = "/Users/mei.tanaka@example.com/corpus/common/config"
helper_notebook = "/Repos/data-eng/corpus/ingest/My Helpers/quoted helper"
print(f"configuration lives in {config_notebook}")

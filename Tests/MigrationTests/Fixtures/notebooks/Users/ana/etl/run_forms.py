# Databricks notebook source
# MAGIC %run ./setup

# COMMAND ----------

# MAGIC %run ../lib/helpers

# COMMAND ----------

# MAGIC %run /Users/ana@example.com/common/config

# COMMAND ----------

# MAGIC %run /Repos/team/project/init

# COMMAND ----------

# MAGIC %run "../includes/config file"

# COMMAND ----------

# MAGIC %run ./00-setup $reset_all_data=$reset_all_data $catalog=dbdemos

# COMMAND ----------

# MAGIC %run ./lesson $lesson="0"

# COMMAND ----------

# MAGIC %run
# MAGIC ../setup/mount_adls_storage

# COMMAND ----------

# MAGIC %run
# MAGIC
# MAGIC ./after_blank

# COMMAND ----------

%run ./bare_target

# COMMAND ----------

# %run ./disabled

# COMMAND ----------

# MAGIC %run ./x # inline comment

# COMMAND ----------

# MAGIC %run ./trailing/

# COMMAND ----------

# load the shared config
# MAGIC %run ./config

# COMMAND ----------

# MAGIC %run ./missing_target

# Databricks notebook source
# MAGIC
# MAGIC 
# MAGIC %python
# MAGIC print(1)

# COMMAND ----------

# MAGIC %r
# MAGIC print("r, not run")

# COMMAND ----------

# MAGIC %md-sandbox
# MAGIC <div style="color: red">sandboxed</div>

# COMMAND ----------

# MAGIC just text without a magic

# COMMAND ----------

# Install the client first
# MAGIC %pip install oci==2.189.0

# COMMAND ----------

x = 1
# MAGIC %sql select 1

# COMMAND ----------

%sql select 2

# COMMAND ----------

# %run ./disabled_setup

# COMMAND ----------

# DBTITLE 1,Just a title

# COMMAND ----------

y = 2
# DBTITLE 1,Not a title

# COMMAND ----------

# MAGIC %lsmagic

# COMMAND ----------

# MAGIC %matplotlib inline
# MAGIC %tensorboard --logdir logs

# COMMAND ---------- 	

z = 3

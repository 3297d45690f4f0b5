# Databricks notebook source
# MAGIC %md
# MAGIC # Analysis

# COMMAND ----------

library(SparkR)
df <- sql("SELECT 1")

# COMMAND ----------

# MAGIC %sql SELECT 1

# COMMAND ----------

# MAGIC %python
# MAGIC print("python in R")

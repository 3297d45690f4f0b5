# Databricks notebook source
a = 1

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT a
# Databricks notebook source
# MAGIC %md BOM

# COMMAND ----------

b = 2

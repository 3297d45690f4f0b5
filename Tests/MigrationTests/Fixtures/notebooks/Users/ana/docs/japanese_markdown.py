# Databricks notebook source
# MAGIC %md
# MAGIC ## 売上レポート
# MAGIC 日次の売上を集計します。

# COMMAND ----------

print("こんにちは")

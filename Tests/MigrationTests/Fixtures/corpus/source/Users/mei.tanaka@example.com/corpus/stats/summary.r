# Databricks notebook source
# MAGIC %md
# MAGIC ## Weekly summary in R

# COMMAND ----------

library(SparkR)
orders <- tableToDF("main.sales.orders")
head(summarize(groupBy(orders, orders$region), total = sum(orders$amount)))

# COMMAND ----------

# MAGIC %python
# MAGIC print("a python cell inside an R notebook")

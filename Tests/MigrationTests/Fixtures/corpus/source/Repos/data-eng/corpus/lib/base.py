# Databricks notebook source
# MAGIC %run /Users/mei.tanaka@example.com/corpus/common/config

# COMMAND ----------

from corpus_utils import normalise_region

BASE_READY = True

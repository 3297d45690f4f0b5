# Databricks notebook source
import json

mode = dbutils.widgets.get("mode")
rows = spark.sql("SELECT count(*) AS n FROM cleaned_orders").first()["n"]
dbutils.notebook.exit(json.dumps({"rows": rows, "mode": mode}))

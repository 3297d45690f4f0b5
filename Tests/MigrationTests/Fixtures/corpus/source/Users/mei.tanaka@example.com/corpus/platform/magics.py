# Databricks notebook source
# MAGIC
# MAGIC 
# MAGIC %md
# MAGIC ## Magics tour
# MAGIC Every magic a Databricks notebook can hold, one per cell: “curly” quotes and a no-break space stay as written in markdown.

# COMMAND ----------

# MAGIC %md-sandbox
# MAGIC <style>.kpi { color: teal; }</style>
# MAGIC <div class="kpi">Daily KPIs</div>

# COMMAND ----------

# MAGIC %md-sandbox
# MAGIC <div style="border: 1px solid grey">Plain sandboxed HTML</div>

# COMMAND ----------

# MAGIC %md
# MAGIC ### 日次レポート
# MAGIC 売上データを読み込み、地域ごとに集計します。

# COMMAND ----------

# MAGIC %sql select 1

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT region, sum(amount) AS total
# MAGIC FROM main.sales.orders
# MAGIC GROUP BY region

# COMMAND ----------

# MAGIC %python
# MAGIC print("explicit python")

# COMMAND ----------

# MAGIC %scala
# MAGIC val orders = spark.table("main.sales.orders")
# MAGIC println(orders.count())

# COMMAND ----------

# MAGIC %r
# MAGIC summary(c(1, 2, 3))

# COMMAND ----------

# MAGIC %pip install great-expectations==0.18.12 pyyaml
# MAGIC %restart_python

# COMMAND ----------

# MAGIC %pip install -r /Workspace/Repos/data-eng/corpus/requirements.txt

# COMMAND ----------

dbutils.library.restartPython()

# COMMAND ----------

dbutils.library.installPyPI("pandas", version="1.5.3")

# COMMAND ----------

# Install the pinned client first
# MAGIC %pip install oci==2.189.0

# COMMAND ----------

# MAGIC %sh
# MAGIC ls -la /dbfs/FileStore/corpus
# MAGIC echo "done"

# COMMAND ----------

# MAGIC %fs ls

# COMMAND ----------

# MAGIC %fs ls /mnt/raw/till

# COMMAND ----------

# MAGIC %conda install numpy

# COMMAND ----------

# MAGIC %tensorboard --logdir /tmp/corpus/logs

# COMMAND ----------

# MAGIC %lsmagic

# COMMAND ----------

# MAGIC %sparkmeasure

# COMMAND ----------

# MAGIC %load_ext autoreload
# MAGIC %autoreload 2

# COMMAND ----------

# MAGIC %load ./snippets/plot_helpers.py

# COMMAND ----------

# MAGIC %%writefile /tmp/corpus/settings.yaml
# MAGIC region: north
# MAGIC lanes: 2

# COMMAND ----------

# MAGIC %matplotlib inline

# COMMAND ----------

# MAGIC %%scala
# MAGIC val answer = 42
# MAGIC println(answer)

# COMMAND ----------

%sql select 2

# COMMAND ----------

total = 1
# MAGIC %sql select 3

# COMMAND ----------

# DBTITLE 1,Only a title

# COMMAND ----------

# COMMAND ----------

print("the last cell has no final newline")
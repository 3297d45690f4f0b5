# Databricks notebook source
dbutils.widgets.text("env", "dev")
dbutils.widgets.text("lesson", "1")
env = dbutils.widgets.get("env")
lesson = int(dbutils.widgets.get("lesson"))

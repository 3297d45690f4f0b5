# Databricks notebook source
NEXT_LINE_TARGET_LOADED = True

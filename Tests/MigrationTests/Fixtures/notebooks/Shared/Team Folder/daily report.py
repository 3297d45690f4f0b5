# Databricks notebook source
print("spaces")

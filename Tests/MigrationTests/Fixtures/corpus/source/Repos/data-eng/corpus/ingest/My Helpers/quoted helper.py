# Databricks notebook source
def banner(text):
    print("=" * 8, text, "=" * 8)

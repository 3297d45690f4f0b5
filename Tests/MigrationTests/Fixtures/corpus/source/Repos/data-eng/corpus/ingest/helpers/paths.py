# Databricks notebook source
LANDING_ROOT = "/Volumes/main/corpus/landing"
RAW_ROOT = "/mnt/raw/till"

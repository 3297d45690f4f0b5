# Databricks notebook source
HELPER_READY = True

// Databricks notebook source
val stageLabel = "corpus"

#!/usr/bin/env python3
"""bench/migrate/generate.py: a deterministic synthetic Databricks job for the migration benchmark.

Writes, under OUT:
  workspace/Repos/synthetic/<project>/...   N notebooks in Databricks SOURCE format
  job.json                                   a Jobs API 2.1 job whose tasks are the task notebooks
  config.json                                catalogMap, pathMap, secretMap, clusterMap, ...

The mix (fixed by --seed, default 7; the same seed and N give byte-identical files):
  * about 5% of the notebooks are helpers that no task runs directly:
      - shared `common/` helpers (config, setup, utils), which task notebooks `%run` with relative
        paths (`%run ../common/config_003`). Popularity is Zipf-like, so a few helpers are run by
        hundreds of notebooks (fan-in); some helpers `%run` an earlier helper (chains of depth <= 3);
      - per-folder child notebooks that tasks call with `dbutils.notebook.run("./child_01", 0, {...})`;
  * the rest are task notebooks (about 88% Python, 9% SQL, 3% Scala), 5 to 15 cells each:
    `%md` markdown, widgets (`dbutils.widgets.text/get`), `spark.table("main.x.y")`, `/mnt/raw/...`
    and `dbfs:/...` paths, `dbutils.secrets.get`, `%sql` cells with three-part names, occasional
    `%pip` (+ `%restart_python`), `%sh`, `dbutils.notebook.run`, `DBTITLE` titles, task values;
  * every task notebook is one job task; `depends_on` links a task to up to two earlier tasks of the
    same project, with chains at most --max-depth deep (default 6).

usage: generate.py [--n N] [--seed S] [--max-depth D] OUT
Prints a one-line JSON summary (counts, paths) on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

HEADER = {"py": "# Databricks notebook source", "sql": "-- Databricks notebook source",
          "scala": "// Databricks notebook source"}
CP = {"py": "#", "sql": "--", "scala": "//"}
SEP = "COMMAND ----------"

AREAS = ["ingestion", "transform", "quality", "publish", "features", "reporting"]
DOMAINS = ["sales", "finance", "marketing", "supply", "hr", "web", "iot", "crm"]
ENTITIES = ["orders", "customers", "events", "invoices", "stores", "products", "sessions", "shipments",
            "payments", "returns", "leads", "devices", "clicks", "inventory", "employees", "ledger"]
LAYERS = ["bronze", "silver", "gold", "mart"]
CATALOGS = ["main"] * 6 + ["hive_metastore"] * 2 + ["prod_lake"]  # prod_lake is left unmapped on purpose
MOUNTS = ["raw", "curated", "landing", "archive"]  # /mnt/archive is left unmapped on purpose
PACKAGES = ["great-expectations==0.18.12", "pyarrow==16.1.0", "holidays==0.50", "rapidfuzz==3.9.3",
            "requests==2.32.3", "tenacity==8.3.0"]
SECRET_SCOPES = {"sales": ["pos_api_token", "warehouse_password"], "finance": ["erp_user", "erp_password"],
                 "platform": ["slack_webhook", "sftp_key"], "crm": ["api_key"]}
UNMAPPED_SECRETS = [("legacy", "ftp_password")]


# ------------------------------------------------------------------------------ cell builders


def magic(cp: str, lines: list[str]) -> str:
    """Lines as `CP MAGIC ...` (an empty payload line becomes the bare `CP MAGIC` form)."""
    return "\n".join(f"{cp} MAGIC {ln}" if ln else f"{cp} MAGIC" for ln in lines)


class Names:
    """Deterministic table, path and column names drawn from one Random."""

    def __init__(self, rng: random.Random, domain: str):
        self.rng = rng
        self.domain = domain

    def table(self, catalog: str | None = None) -> str:
        r = self.rng
        cat = catalog or r.choice(CATALOGS)
        return f"{cat}.{self.domain}_{r.choice(LAYERS)}.{r.choice(ENTITIES)}_{r.randrange(40):02d}"

    def mount_path(self) -> str:
        r = self.rng
        return f"/mnt/{r.choice(MOUNTS)}/{self.domain}/{r.choice(ENTITIES)}/{r.choice(['json', 'csv', 'parquet'])}"

    def dbfs_path(self) -> str:
        r = self.rng
        return f"dbfs:/{r.choice(['checkpoints', 'tmp', 'FileStore/exports', 'user/hive/warehouse'])}/{self.domain}/{r.choice(ENTITIES)}"

    def col(self) -> str:
        return self.rng.choice(["amount", "quantity", "price", "revenue", "discount", "score", "duration_s"])

    def key(self) -> str:
        return self.rng.choice(["customer_id", "store_id", "order_id", "device_id", "product_id", "account_id"])


def md_cell(cp: str, rng: random.Random, title: str, first: bool) -> str:
    level = "#" if first else rng.choice(["##", "###"])
    body = [f"%md {level} {title}" if rng.random() < 0.3 else "%md", ]
    if not body[0].endswith(title):
        body.append(f"{level} {title}")
    body.append("")
    for para in rng.sample([
            "Reads the day's partition and writes the cleaned result.",
            "Joins the facts with the latest dimension snapshot; late rows are kept for the next run.",
            "See the runbook for the expected volumes and what to do when a check fails.",
            "* inputs come from the landing zone\n* outputs are Delta tables in the mart schema",
            "Owner: data-eng. Parameters are passed by the job (`run_date`, `env`).",
    ], rng.randint(1, 3)):
        body.append(para)
    lines: list[str] = []
    for b in body:
        lines.extend(b.split("\n"))
    return magic(cp, lines)


def widgets_cell(rng: random.Random, widgets: list[tuple[str, str]]) -> str:
    lines = []
    for name, default in widgets:
        if rng.random() < 0.8:
            lines.append(f'dbutils.widgets.text("{name}", "{default}")')
        else:
            lines.append(f'dbutils.widgets.dropdown("{name}", "{default}", ["{default}", "other"])')
    lines.append("")
    for name, _ in widgets:
        lines.append(f'{name} = dbutils.widgets.get("{name}")')
    return "\n".join(lines)


def read_cell(n: Names) -> str:
    r = n.rng
    t1, t2 = n.table(), n.table()
    k = n.key()
    variant = r.randrange(4)
    if variant == 0:
        return (f'df = spark.table("{t1}")\n'
                f'dim = spark.table("{t2}")\n'
                f'joined = df.join(dim, "{k}", "left").where(f"event_date = \'{{run_date}}\'")\n'
                f'display(joined.limit(10))')
    if variant == 1:
        return (f'raw = spark.read.format("json").load("{n.mount_path()}/{{run_date}}")\n'
                f'raw = raw.dropDuplicates(["{k}"])\n'
                f'raw.write.mode("append").saveAsTable("{t1}")')
    if variant == 2:
        return (f'from pyspark.sql import functions as F\n\n'
                f'df = spark.table("{t1}")\n'
                f'agg = (df.groupBy("{k}")\n'
                f'         .agg(F.sum("{n.col()}").alias("total"), F.count("*").alias("rows")))\n'
                f'agg.write.mode("overwrite").format("delta").save("{n.dbfs_path()}")')
    return (f'events = spark.read.parquet("{n.mount_path()}")\n'
            f'events.createOrReplaceTempView("events")\n'
            f'counts = spark.sql("SELECT {k}, COUNT(*) AS n FROM events GROUP BY {k}")\n'
            f'counts.write.mode("overwrite").saveAsTable("{t2}")')


def python_cell(n: Names) -> str:
    r = n.rng
    c = n.col()
    variant = r.randrange(5)
    if variant == 0:
        return (f"def normalise(value):\n"
                f"    if value is None:\n"
                f"        return 0.0\n"
                f"    return round(float(value), 2)\n\n"
                f"normalise_udf = F.udf(normalise)" if r.random() < 0.5 else
                f"def clean_{c}(df):\n    return df.fillna({{'{c}': 0}}).where('{c} >= 0')")
    if variant == 1:
        return (f"from datetime import date, timedelta\n\n"
                f"start = date.fromisoformat(run_date) - timedelta(days={r.randint(1, 30)})\n"
                f"print(f\"window starts {{start}}\")")
    if variant == 2:
        return (f'checkpoint = "{n.dbfs_path()}/_checkpoint"\n'
                f'output = "/dbfs/FileStore/{n.domain}/report_{r.randrange(100)}.csv"\n'
                f'spark.conf.set("spark.sql.shuffle.partitions", "{r.choice([64, 128, 200])}")')
    if variant == 3:
        return (f"rows = df.count()\n"
                f"assert rows > 0, \"no rows for {{run_date}}\"\n"
                f"print(f\"{{rows}} rows\")")
    return (f'spark.conf.set("spark.databricks.delta.optimizeWrite.enabled", "true")\n'
            f'summary = spark.table("{n.table()}").select("{c}").summary()\n'
            f'display(summary)')


def secrets_cell(rng: random.Random) -> str:
    if rng.random() < 0.15:
        scope, key = rng.choice(UNMAPPED_SECRETS)
    else:
        scope = rng.choice(sorted(SECRET_SCOPES))
        key = rng.choice(SECRET_SCOPES[scope])
    var = key if key.isidentifier() else "secret"
    if rng.random() < 0.5:
        return f'{var} = dbutils.secrets.get(scope="{scope}", key="{key}")'
    return (f'{var} = dbutils.secrets.get("{scope}", "{key}")\n'
            f'headers = {{"Authorization": f"Bearer {{{var}}}"}}')


def sql_magic_cell(cp: str, n: Names) -> str:
    r = n.rng
    t1, t2, t3 = n.table(), n.table(), n.table()
    k = n.key()
    variant = r.randrange(3)
    if variant == 0:
        body = [f"%sql", f"CREATE OR REPLACE TABLE {t1} AS", f"SELECT a.{k}, SUM(a.{n.col()}) AS total",
                f"FROM {t2} a", f"JOIN {t3} b ON a.{k} = b.{k}", f"GROUP BY a.{k}"]
    elif variant == 1:
        body = [f"%sql SELECT COUNT(*) AS rows FROM {t1}"]
    else:
        body = ["%sql", f"MERGE INTO {t1} t", f"USING {t2} s", f"ON t.{k} = s.{k}",
                "WHEN MATCHED THEN UPDATE SET *", "WHEN NOT MATCHED THEN INSERT *"]
    return magic(cp, body)


def pip_cell(cp: str, rng: random.Random) -> str:
    pkgs = " ".join(rng.sample(PACKAGES, rng.randint(1, 2)))
    lines = [f"%pip install {pkgs}"]
    if rng.random() < 0.6:
        lines.append("%restart_python")
    return magic(cp, lines)


def sh_cell(cp: str, n: Names) -> str:
    return magic(cp, ["%sh", f"ls -la /dbfs/FileStore/{n.domain} | head -20", "df -h /local_disk0"])


def notebook_run_cell(rng: random.Random, child: str) -> str:
    if rng.random() < 0.5:
        return f'result = dbutils.notebook.run("./{child}", 0, {{"run_date": run_date}})\nprint(result)'
    return (f'import json\n\n'
            f'status = json.loads(dbutils.notebook.run("./{child}", {rng.choice([600, 1800])}, '
            f'{{"run_date": run_date, "env": env}}))\n'
            f'assert status["ok"], status')


def exit_cell(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return 'dbutils.jobs.taskValues.set(key="rows", value=rows if "rows" in dir() else 0)\ndbutils.notebook.exit("ok")'
    return 'dbutils.notebook.exit(json.dumps({"ok": True}) if "json" in dir() else "ok")'


def titled(cp: str, rng: random.Random, cell: str, p: float) -> str:
    if rng.random() < p:
        title = rng.choice(["Parameters", "Load inputs", "Transform", "Write output", "Checks", "Secrets",
                            "Notify", "Aggregate", "Merge into target"])
        return f"{cp} DBTITLE 1,{title}\n{cell}"
    return cell


def assemble(lang: str, cells: list[str]) -> str:
    cp = CP[lang]
    return HEADER[lang] + "\n" + f"\n\n{cp} {SEP}\n\n".join(cells) + "\n"


# ------------------------------------------------------------------------------ notebooks


def python_task(rng: random.Random, n: Names, title: str, runs: list[str], child: str | None) -> str:
    cp = "#"
    widgets = [("run_date", "2024-01-01"), ("env", "dev")]
    if rng.random() < 0.4:
        widgets.append(("source_system", rng.choice(["pos", "erp", "web"])))
    cells: list[str] = []
    if rng.random() < 0.85:
        cells.append(md_cell(cp, rng, title, first=True))
    cells.extend(magic(cp, [f"%run {r}"]) for r in runs)
    cells.append(titled(cp, rng, widgets_cell(rng, widgets), 0.6))
    target = rng.randint(5, 15)
    optional = []
    if rng.random() < 0.10:
        optional.append(pip_cell(cp, rng))
    if rng.random() < 0.35:
        optional.append(titled(cp, rng, secrets_cell(rng), 0.3))
    if rng.random() < 0.06:
        optional.append(sh_cell(cp, n))
    if child is not None:
        optional.append(titled(cp, rng, notebook_run_cell(rng, child), 0.3))
    body: list[str] = []
    while len(cells) + len(body) + len(optional) + 1 < target:
        p = rng.random()
        if p < 0.38:
            body.append(titled(cp, rng, read_cell(n), 0.25))
        elif p < 0.62:
            body.append(titled(cp, rng, python_cell(n), 0.15))
        elif p < 0.85:
            body.append(titled(cp, rng, sql_magic_cell(cp, n), 0.2))
        else:
            body.append(md_cell(cp, rng, rng.choice(["Step", "Notes", "Output", "Checks"]), first=False))
    for cell in optional:  # scatter the occasional cells through the body
        body.insert(rng.randrange(len(body) + 1), cell)
    cells.extend(body)
    cells.append(exit_cell(rng))
    return assemble("py", cells[:15] if len(cells) > 15 else cells)


def sql_task(rng: random.Random, n: Names, title: str, runs: list[str]) -> str:
    cp = "--"
    cells = [md_cell(cp, rng, title, first=True)]
    cells.extend(magic(cp, [f"%run {r}"]) for r in runs[:1])
    cells.append(f"USE CATALOG {rng.choice(['main', 'hive_metastore'])};")
    target = rng.randint(5, 15)
    while len(cells) < target - 1:
        t1, t2 = n.table(), n.table()
        k = n.key()
        p = rng.random()
        if p < 0.6:
            cells.append(titled(cp, rng, f"CREATE OR REPLACE TABLE {t1} AS\nSELECT {k}, SUM({n.col()}) AS total\n"
                                          f"FROM {t2}\nGROUP BY {k};", 0.3))
        elif p < 0.8:
            cells.append(f"INSERT INTO {t1}\nSELECT * FROM {t2} WHERE {k} IS NOT NULL;")
        else:
            cells.append(md_cell(cp, rng, "Checks", first=False))
    cells.append(magic(cp, ["%python", f'rows = spark.table("{n.table()}").count()', "dbutils.notebook.exit(str(rows))"]))
    return assemble("sql", cells)


def scala_task(rng: random.Random, n: Names, title: str) -> str:
    cp = "//"
    cells = [md_cell(cp, rng, title, first=True)]
    target = rng.randint(5, 10)
    while len(cells) < target - 1:
        t = n.table()
        cells.append(titled(cp, rng, f'val df = spark.table("{t}")\nval bad = df.filter("{n.key()} IS NULL").count()\n'
                                     f'require(bad == 0, s"$bad rows without a key")', 0.2))
    cells.append(sql_magic_cell(cp, n))
    return assemble("scala", cells)


def common_helper(rng: random.Random, n: Names, idx: int, earlier: list[str]) -> str:
    cp = "#"
    cells = [md_cell(cp, rng, f"Shared helper {idx:03d}", first=True)]
    if earlier and rng.random() < 0.5:
        cells.append(magic(cp, [f"%run ./{rng.choice(earlier)}"]))
    cells.append(titled(cp, rng, widgets_cell(rng, [("env", "dev"), ("run_date", "2024-01-01")]), 0.5))
    cells.append(titled(cp, rng, f'CATALOG = "main"\nSCHEMA = f"{n.domain}_{{env}}"\n'
                                 f'RAW_ROOT = "{n.mount_path()}"\nCHECKPOINTS = "{n.dbfs_path()}"', 0.5))
    if rng.random() < 0.5:
        cells.append(secrets_cell(rng))
    for _ in range(rng.randint(1, 6)):
        cells.append(python_cell(n))
    cells.append(f"def table_name(entity):\n    return f\"{{CATALOG}}.{{SCHEMA}}.{{entity}}\"")
    return assemble("py", cells[:15])


def child_notebook(rng: random.Random, n: Names) -> str:
    cp = "#"
    cells = [titled(cp, rng, widgets_cell(rng, [("run_date", "2024-01-01"), ("env", "dev")]), 0.8)]
    for _ in range(rng.randint(3, 9)):
        cells.append(read_cell(n) if rng.random() < 0.5 else python_cell(n))
    cells.append('import json\n\ndbutils.notebook.exit(json.dumps({"ok": True, "run_date": run_date}))')
    return assemble("py", cells[:15])


# ------------------------------------------------------------------------------ job


def generate(out: Path, n: int = 2000, seed: int = 7, max_depth: int = 6) -> dict:
    if n < 20:
        raise ValueError("n must be at least 20")
    rng = random.Random(seed)
    ws = out / "workspace"
    root = "Repos/synthetic"
    n_helpers = max(2, round(n * 0.05))
    n_tasks = n - n_helpers
    n_projects = max(1, n // 250)
    projects = [f"{DOMAINS[i % len(DOMAINS)]}_{i:02d}" for i in range(n_projects)]

    # Task slots: (project, area, index)
    tasks = []
    for i in range(n_tasks):
        proj = projects[i % n_projects]
        area = AREAS[rng.randrange(len(AREAS))]
        tasks.append((proj, area, i))
    folders = sorted({(p, a) for p, a, _ in tasks})

    # Helpers: children (notebook.run targets) in some task folders, the rest shared under common/.
    n_children = min(len(folders), max(1, n_helpers // 4))
    child_folders = folders[:: max(1, len(folders) // n_children)][:n_children]
    n_common = n_helpers - len(child_folders)
    commons: dict[str, list[str]] = {p: [] for p in projects}
    for j in range(n_common):
        commons[projects[j % n_projects]].append(f"{rng.choice(['config', 'setup', 'utils'])}_{j:03d}")

    files: dict[str, str] = {}  # relative path (with extension) -> text
    helper_paths: list[str] = []
    for proj in projects:
        names = commons[proj]
        for k, name in enumerate(names):
            rel = f"{root}/{proj}/common/{name}.py"
            files[rel] = common_helper(rng, Names(rng, proj.split("_")[0]), k, names[:k][-3:] if k else [])
            helper_paths.append(rel)
    children = {}
    for proj, area in child_folders:
        rel = f"{root}/{proj}/{area}/child_01.py"
        files[rel] = child_notebook(rng, Names(rng, proj.split("_")[0]))
        helper_paths.append(rel)
        children[(proj, area)] = "child_01"

    # Zipf-like popularity of the shared helpers inside each project (fan-in).
    weights = {p: [1.0 / (k + 1) for k in range(len(commons[p]))] for p in projects}
    unused = {p: list(commons[p]) for p in projects}  # every helper is run at least once
    job_tasks = []
    depth: list[int] = []
    task_paths: list[str] = []
    lang_counts = {"py": 0, "sql": 0, "scala": 0}
    child_used: set[tuple[str, str]] = set()
    for t, (proj, area, i) in enumerate(tasks):
        domain = proj.split("_")[0]
        nm = Names(rng, domain)
        lang = rng.choices(["py", "sql", "scala"], weights=[88, 9, 3])[0]
        child = children.get((proj, area))
        runs: list[str] = []
        if commons[proj] and lang != "scala":  # a Scala notebook can %run too, but rarely does
            if unused[proj]:
                runs.append(unused[proj].pop(0))
            k = rng.choices([0, 1, 2, 3], weights=[15, 45, 30, 10])[0] if lang == "py" else 0
            for _ in range(k):
                h = rng.choices(commons[proj], weights=weights[proj])[0]
                if h not in runs:
                    runs.append(h)
        rels = [f"../common/{h}" for h in runs]
        entity = rng.choice(ENTITIES)
        stem = f"{i:05d}_{entity}_{area}"
        title = f"{area.capitalize()}: {entity}"
        if lang == "py":
            run_child = child is not None and (rng.random() < 0.35 or (proj, area) not in child_used)
            if run_child:
                child_used.add((proj, area))  # every child notebook is reached at least once
            text = python_task(rng, nm, title, rels, child if run_child else None)
        elif lang == "sql":
            text = sql_task(rng, nm, title, rels)
        else:
            text = scala_task(rng, nm, title)
        lang_counts[lang] += 1
        rel = f"{root}/{proj}/{area}/{stem}.{lang}"
        files[rel] = text
        task_paths.append(rel)

        # depends_on: up to two earlier tasks of the same project within the last 40, depth-capped.
        candidates = [u for u in range(max(0, t - 40 * n_projects), t)
                      if tasks[u][0] == proj and depth[u] < max_depth]
        deps = sorted(set(rng.sample(candidates, min(len(candidates), rng.choices([0, 1, 2], [30, 50, 20])[0]))))
        depth.append(1 + max((depth[u] for u in deps), default=0))
        task: dict = {"task_key": f"t{i:05d}_{stem.split('_', 1)[1]}"}
        if deps:
            task["depends_on"] = [{"task_key": job_tasks[u]["task_key"]} for u in deps]
            if rng.random() < 0.1:
                task["run_if"] = "ALL_DONE"
        task["job_cluster_key"] = "etl_small" if rng.random() < 0.7 else "etl_large"
        task["notebook_task"] = {"notebook_path": "/" + rel.rsplit(".", 1)[0], "source": "WORKSPACE",
                                 "base_parameters": {"run_date": "{{job.parameters.run_date}}",
                                                     "env": "{{job.parameters.env}}"}}
        if rng.random() < 0.2:
            task["max_retries"] = rng.choice([1, 2, 3])
            task["min_retry_interval_millis"] = 60000
        if rng.random() < 0.3:
            task["timeout_seconds"] = rng.choice([1800, 3600, 7200])
        job_tasks.append(task)

    job = {
        "job_id": 900000000000000 + seed,
        "creator_user_name": "bench@example.com",
        "settings": {
            "name": f"synthetic_{n}",
            "description": f"bench/migrate synthetic job: {n} notebooks, seed {seed}",
            "tags": {"bench": "migrate"},
            "format": "MULTI_TASK",
            "max_concurrent_runs": 1,
            "schedule": {"quartz_cron_expression": "0 0 3 * * ?", "timezone_id": "UTC", "pause_status": "PAUSED"},
            "parameters": [{"name": "env", "default": "prod"},
                           {"name": "run_date", "default": "{{job.start_time.iso_date}}"}],
            "job_clusters": [
                {"job_cluster_key": "etl_small", "new_cluster": {"spark_version": "15.4.x-scala2.12",
                                                                 "node_type_id": "i3.xlarge", "num_workers": 2}},
                {"job_cluster_key": "etl_large", "new_cluster": {"spark_version": "15.4.x-scala2.12",
                                                                 "node_type_id": "i3.2xlarge",
                                                                 "autoscale": {"min_workers": 2, "max_workers": 8}}},
            ],
            "tasks": job_tasks,
        },
    }
    config = {
        "workspaceRoot": "/Workspace/migrated",
        "catalogMap": {"main": "default", "hive_metastore": "default"},
        "pathMap": {"/mnt/raw": "oci://raw@benchtenancy/landing", "/mnt/curated": "oci://curated@benchtenancy/mart",
                    "/mnt/landing": "oci://landing@benchtenancy/in", "dbfs:/checkpoints": "oci://ckpt@benchtenancy/cp"},
        "clusterMap": {"etl_small": {"clusterKey": "etl_small", "clusterName": "bench-small"},
                       "etl_large": {"clusterKey": "etl_large", "clusterName": "bench-large"}},
        "secretMap": {f"{s}/{k}": {"credential": f"{s}_creds", "key": k}
                      for s in sorted(SECRET_SCOPES) for k in SECRET_SCOPES[s]},
        "notebookRunTimeout": 1800,
    }

    for rel in sorted(files):
        path = ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[rel], encoding="utf-8")
    (out / "job.json").write_text(json.dumps(job, indent=2) + "\n", encoding="utf-8")
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")

    fan_in = {}
    for rel in task_paths:
        for line in files[rel].splitlines():
            if " MAGIC %run " in line:
                target = line.rsplit("/", 1)[1]
                fan_in[target] = fan_in.get(target, 0) + 1
    cells = [files[r].count(SEP) + 1 for r in files]
    return {
        "out": str(out), "job": str(out / "job.json"), "source": str(ws), "config": str(out / "config.json"),
        "jobName": job["settings"]["name"], "notebooks": len(files), "tasks": len(job_tasks),
        "helpers": len(helper_paths), "commonHelpers": n_common, "childNotebooks": len(child_folders),
        "languages": lang_counts, "maxDepth": max(depth), "cells": sum(cells),
        "cellsPerNotebook": [min(cells), max(cells)], "bytes": sum(len(t.encode()) for t in files.values()),
        "maxFanIn": max(fan_in.values(), default=0),
        "files": sorted(files),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path, help="folder to write (created; must be empty or missing)")
    ap.add_argument("--n", type=int, default=2000, help="number of notebooks (default 2000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-depth", type=int, default=6, help="longest depends_on chain (default 6)")
    opts = ap.parse_args()
    if opts.out.exists() and any(opts.out.iterdir()):
        print(f"generate: {opts.out} is not empty", file=sys.stderr)
        return 2
    summary = generate(opts.out, opts.n, opts.seed, opts.max_depth)
    summary.pop("files")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Running storydiff over many articles: Dask workers and Parquet tables."""

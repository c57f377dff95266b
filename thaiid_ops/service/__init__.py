"""`thaiid serve`: the AIGEN v3 and Huawei protocols over HTTP (FastAPI + uvicorn, the
`server` extra). Import `thaiid_ops.service.app` for the ASGI app."""

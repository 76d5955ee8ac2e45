def document():
    return {"openapi": "3.0.3", "info": {"title": "Flatchr", "version": "0"}, "paths": {}}

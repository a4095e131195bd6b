# The gunicorn baseline of `make bench`: the same hello world as the example app's /hello.
def app(environ, start_response):
    body = b"Hello, World!"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]

def forbidden(request, exception=None): pass
def not_found(request, exception=None): pass
def server_error(request): pass
def csrf_failure(request, reason=""): pass

# Builds and signs requests with the official JD Cloud Python SDK, unmodified: its VmClient, its
# request classes, its parameter builders and its JDCLOUD3 signer all run as they do for a user.
# Only the last step, `requests.request(...)`, is replaced (python3-requests need not be installed):
# the request it would send is written out instead, and the test sends it.
#
# stdin: {"endpoint": "127.0.0.1:8000", "accessKey": ..., "secretKey": ...,
#         "requests": [{"api": "DescribeInstances", "params": {...}, "header": {...}?}
#                      | {"signer": {"method", "path", "regionId", "body"}}]}
# An "api" item goes through the SDK as a user calls it; a "signer" item calls the SDK's Signer
# directly, with the headers the SDK sets, for a body the SDK itself would \u-escape (raw UTF-8).
# stdout: a JSON list of {"method", "url", "headers", "body"}, one per request.
# Run with PYTHONPATH pointing at the SDK (the folder that holds jdcloud_sdk/).
import importlib
import inspect
import json
import sys
import types
from urllib.parse import quote


class Captured(Exception):
    def __init__(self, sent):
        super().__init__('captured')
        self.sent = sent


def fake_request(method, url, data=None, headers=None, timeout=None):
    # requests re-quotes the URL before sending (requests.utils.requote_uri): characters that may
    # not appear on a request line are percent-encoded, everything else is kept.
    raise Captured({'method': method, 'url': quote(url, safe="!#$%&'()*+,/:;=?@[]~"),
                    'headers': dict(headers or {}), 'body': data or ''})


sys.modules['requests'] = types.SimpleNamespace(request=fake_request)

from jdcloud_sdk.core.config import Config  # noqa: E402
from jdcloud_sdk.core.credential import Credential  # noqa: E402
from jdcloud_sdk.core.signer import Signer  # noqa: E402
from jdcloud_sdk.services.vm.client.VmClient import VmClient  # noqa: E402


class Quiet:
    def log(self, level, message):
        pass


def build(api, params, header):
    module = importlib.import_module('jdcloud_sdk.services.vm.apis.%sRequest' % api)
    parameters_class = getattr(module, '%sParameters' % api)
    required = [name for name in inspect.signature(parameters_class.__init__).parameters if name != 'self']
    parameters = parameters_class(*[params[name] for name in required])
    for name, value in params.items():
        if name not in required:
            setattr(parameters, name, value)
    return getattr(module, '%sRequest' % api)(parameters, header)


job = json.load(sys.stdin)
client = VmClient(Credential(job['accessKey'], job['secretKey']), Config(job['endpoint'], scheme='http'), Quiet())
out = []
for item in job['requests']:
    if 'signer' in item:
        spec = item['signer']
        url = 'http://%s%s' % (job['endpoint'], spec['path'])
        headers = {'User-Agent': 'JdcloudSdkPython', 'Content-Type': 'application/json'}
        Signer(Quiet()).sign(method=spec['method'], service='vm', region=spec['regionId'], uri=url, headers=headers,
                             data=spec['body'], credential=Credential(job['accessKey'], job['secretKey']), security_token='')
        out.append({'method': spec['method'], 'url': quote(url, safe="!#$%&'()*+,/:;=?@[]~"), 'headers': headers,
                    'body': spec['body']})
        continue
    try:
        client.send(build(item['api'], item['params'], item.get('header')))
    except Captured as captured:
        out.append(captured.sent)
    else:
        raise SystemExit('the SDK sent nothing for %s' % item['api'])
json.dump(out, sys.stdout, ensure_ascii=False)

"""Drives the official JD Cloud Python SDK, unmodified, the way its users write calls.

Reads one call a line on stdin, {"operationId": "createInstances", "params": {...}} (regionId
excepted), and answers one JSON line on stdout: {"requestId", "result", "error"} as the SDK's
response object holds them, or {"exception": traceback} when the SDK raised.

Each call is built as users build it: XxxRequest(XxxParameters(regionId, required...)), then
setXxx() for every optional parameter; nested objects become the SDK's models
(jdcloud_sdk.services.vm.models, Filter from services.common.models, DiskSpec from
services.disk.models), so every field left unset goes out as null, as in real users' requests.
Which model a field holds is read from the SDK's own shape definitions in the reference pack
(operations.json and shapes.json: the SDKs' types); a model the vendored subset of the SDK lacks
(ChargeSpec, of the charge service) is sent as the dict its model would serialise to: every field
of the shape, null unless given.

Usage: python3 jdcloud_sdk_driver.py SDK_DIR REFERENCE_DIR HOST:PORT REGION ACCESS_KEY SECRET_KEY
"""
import importlib
import inspect
import json
import sys
import traceback

sdk_dir, reference_dir, endpoint, region, access_key, secret_key = sys.argv[1:7]
sys.path.insert(0, sdk_dir)

from jdcloud_sdk.core.config import Config  # noqa: E402
from jdcloud_sdk.core.credential import Credential  # noqa: E402
from jdcloud_sdk.core.logger import FATAL, Logger  # noqa: E402
from jdcloud_sdk.services.vm.client.VmClient import VmClient  # noqa: E402

# The protocol owns stdout; anything the SDK prints goes to stderr.
protocol = sys.stdout
sys.stdout = sys.stderr

with open(reference_dir + '/operations.json', encoding='utf-8') as f:
    OPERATIONS = {op['operationId']: op for op in json.load(f)}
with open(reference_dir + '/shapes.json', encoding='utf-8') as f:
    SHAPES = json.load(f)

MODEL_PACKAGES = ('vm', 'disk', 'common')


def model_class(name):
    for service in MODEL_PACKAGES:
        try:
            module = importlib.import_module('jdcloud_sdk.services.%s.models.%s' % (service, name))
        except ImportError:
            continue
        return getattr(module, name)
    return None


def ref_of(field):
    return field.get('ref') or (field.get('items') or {}).get('ref')


def build(ref, value):
    """The SDK's model for `value` (a dict, or a list of dicts) of shape `ref`."""
    if ref is None or value is None:
        return value
    if isinstance(value, list):
        return [build(ref, item) for item in value]
    fields = {f['name']: f for f in SHAPES.get(ref, {}).get('fields', [])}
    converted = {k: build(ref_of(fields[k]) if k in fields else None, v) for k, v in value.items()}
    cls = model_class(ref)
    if cls is None:
        whole = dict((name, None) for name in fields)
        whole.update(converted)
        return whole
    names = [p for p in inspect.signature(cls.__init__).parameters if p != 'self']
    unknown = [k for k in converted if k not in names]
    if unknown:
        raise TypeError('the SDK model %s has no field %s' % (ref, ', '.join(unknown)))
    return cls(**dict((name, converted.get(name)) for name in names))


def request_for(operation_id, params):
    op = OPERATIONS[operation_id]
    kinds = dict((p['name'], ref_of(p)) for p in op['pathParams'] + op['queryParams'] + op['bodyParams'])
    class_name = operation_id[0].upper() + operation_id[1:]
    module = importlib.import_module('jdcloud_sdk.services.vm.apis.%sRequest' % class_name)
    parameters_class = getattr(module, class_name + 'Parameters')
    request_class = getattr(module, class_name + 'Request')
    values = dict((k, build(kinds.get(k), v)) for k, v in params.items())
    values['regionId'] = region
    required = [p for p in inspect.signature(parameters_class.__init__).parameters if p != 'self']
    parameters = parameters_class(*[values.get(name) for name in required])
    for name, value in values.items():
        if name in required:
            continue
        setter = getattr(parameters, 'set' + name[0].upper() + name[1:], None)
        if setter is None:
            raise TypeError('%sParameters has no set%s%s()' % (class_name, name[0].upper(), name[1:]))
        setter(value)
    return request_class(parameters)


def main():
    client = VmClient(Credential(access_key, secret_key), Config(endpoint, 'http', 30), Logger(FATAL))
    for line in sys.stdin:
        if not line.strip():
            continue
        call = json.loads(line)
        try:
            resp = client.send(request_for(call['operationId'], call.get('params') or {}))
            error = resp.error
            answer = {
                'requestId': resp.request_id,
                'result': resp.result,
                'error': None if error is None else {'code': error.code, 'status': error.status, 'message': error.message},
            }
        except Exception:  # the SDK raised: report it, keep serving
            answer = {'exception': traceback.format_exc()}
        protocol.write(json.dumps(answer) + '\n')
        protocol.flush()


main()

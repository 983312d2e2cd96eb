"""Generates the Swift wire shapes of StepFunctionsAPI from botocore's Step Functions service model (AWS's
machine-readable API reference): structures with AWS's member names, required members and constraint checks,
and string enumerations. Not a test: run by hand when the model changes, then format and review:

    python3 Tests/python/generate_shapes.py Sources/StepFunctionsAPI
    swift format -i -r Sources/StepFunctionsAPI/Shapes Sources/StepFunctionsAPI/Operations Sources/StepFunctionsAPI/History
"""
import html
import os
import re
import sys

from botocore.loaders import Loader

m = Loader().load_service_model("stepfunctions", "service-2")
sh = m['shapes']
OPS = ["CreateStateMachine","UpdateStateMachine","DescribeStateMachine","DeleteStateMachine","ListStateMachines",
       "ValidateStateMachineDefinition","DescribeStateMachineForExecution","CreateActivity","DescribeActivity",
       "DeleteActivity","ListActivities","StartExecution","StartSyncExecution","StopExecution","DescribeExecution",
       "ListExecutions","GetExecutionHistory","GetActivityTask","SendTaskSuccess","SendTaskFailure","SendTaskHeartbeat",
       "TagResource","UntagResource","ListTagsForResource","RedriveExecution"]
seen = []
def walk(n):
    if n in seen: return
    seen.append(n); s = sh[n]
    if s['type'] == 'structure':
        for v in s['members'].values(): walk(v['shape'])
    elif s['type'] == 'list': walk(s['member']['shape'])
    elif s['type'] == 'map': walk(s['key']['shape']); walk(s['value']['shape'])
for o in OPS:
    op = m['operations'][o]
    for k in ('input', 'output'):
        if k in op: walk(op[k]['shape'])

KEYWORDS = {'in', 'is', 'as', 'default', 'return', 'protocol', 'enum', 'struct', 'class', 'func', 'var', 'let', 'operator', 'repeat', 'where', 'case', 'switch', 'self', 'Type', 'extension', 'import', 'internal', 'public', 'private', 'static', 'true', 'false', 'nil', 'init', 'subscript', 'throw', 'throws', 'try', 'catch', 'if', 'else', 'guard', 'for', 'while', 'do', 'break', 'continue', 'fallthrough', 'defer', 'inout'}
def ident(n): return f'`{n}`' if n in KEYWORDS else n

def doc(text, indent):
    if not text: return ''
    t = re.sub(r'<[^>]+>', ' ', text); t = html.unescape(t); t = re.sub(r'\s+', ' ', t).strip()
    # first sentence
    mm = re.match(r'(.+?\.)(\s|$)', t)
    t = mm.group(1) if mm else t
    if not t:
        return ''
    if len(t) > 140: t = t[:137].rsplit(' ', 1)[0] + '…'
    return f'{indent}/// {t}\n'

def is_enum(n): return sh[n]['type'] == 'string' and 'enum' in sh[n]
def swift_type(n):
    s = sh[n]; t = s['type']
    if t == 'string': return n if 'enum' in s else 'String'
    if t in ('integer', 'long'): return 'Int'
    if t == 'boolean': return 'Bool'
    if t == 'timestamp': return 'Date'
    if t == 'list': return f'[{swift_type(s["member"]["shape"])}]'
    if t == 'map': return f'[{swift_type(s["key"]["shape"])}: {swift_type(s["value"]["shape"])}]'
    if t == 'structure': return n
    raise Exception(t)

def case_name(v):
    if '_' not in v and not v.isupper():
        return ident(v[:1].lower() + v[1:])
    parts = re.split(r'[_\-\s]+', v)
    out = parts[0].lower() + ''.join(p[:1].upper() + p[1:].lower() for p in parts[1:])
    return ident(out)

def gen_enum(n):
    s = sh[n]
    o = doc(s.get('documentation'), '') or f'/// The `{n}` values AWS defines; unknown values from newer services are kept as they are.\n'
    o += f'public struct {n}: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {{\n'
    o += '    public var rawValue: String\n    public init(rawValue: String) { self.rawValue = rawValue }\n'
    o += '    public var description: String { rawValue }\n'
    for v in s['enum']:
        o += f'    public static let {case_name(v)} = {n}(rawValue: "{v}")\n'
    o += f'    /// Every value AWS documents, in the order of the API reference.\n'
    o += f'    public static let allKnown: [{n}] = [{", ".join("." + case_name(v) for v in s["enum"])}]\n'
    if n in AWS_ORDER:
        o += f'    /// The order AWS lists the values in when a request violates the enumeration (recorded from AWS).\n'
        o += f'    public static let validationOrder: [{n}] = [{", ".join("." + case_name(v) for v in AWS_ORDER[n])}]\n'
    else:
        o += f'    /// The order the values are listed in when a request violates the enumeration.\n'
        o += f'    public static var validationOrder: [{n}] {{ allKnown }}\n'
    o += '}\n'
    return o

# Value orders of AWS's own ValidationException messages, where recorded responses show them.
AWS_ORDER = {'ExecutionStatus': ['SUCCEEDED', 'TIMED_OUT', 'PENDING_REDRIVE', 'ABORTED', 'FAILED', 'RUNNING']}

def violations_for(name, mshape, access, path_expr, indent, optional):
    """Swift lines checking constraints of one member value."""
    s = sh[mshape]; t = s['type']; lines = []
    sens = 'true' if s.get('sensitive') else 'false'
    inner = indent + ('    ' if optional else '')
    if optional:
        lines.append(f'{indent}if let value = {access} {{'); v = 'value'
    else:
        v = access
    if t == 'string':
        if 'enum' in s:
            lines.append(f'{inner}if !{mshape}.allKnown.contains({v}) {{ violations.append(.enumValue({v}.rawValue, at: {path_expr}, allowed: {mshape}.validationOrder.map(\\.rawValue))) }}')
        else:
            bytes = 'true' if mshape in ('SensitiveData', 'SensitiveDataJobInput', 'Definition') else 'false'
            args = []
            if 'min' in s and s['min'] > 0: args.append(f'min: {s["min"]}')
            if 'max' in s: args.append(f'max: {s["max"]}')
            if 'pattern' in s: args.append(f'pattern: #"{s["pattern"]}"#')
            if s.get('sensitive'): args.append('sensitive: true')
            if bytes == 'true': args.append('utf8: true')
            if len([a for a in args if not a.startswith(('sensitive', 'utf8'))]) > 0:
                lines.append(f'{inner}violations.checkString({v}, at: {path_expr}, {", ".join(args)})')
    elif t in ('integer', 'long'):
        args = [f'{k}: {s[k]}' for k in ('min', 'max') if k in s]
        if args: lines.append(f'{inner}violations.checkNumber({v}, at: {path_expr}, {", ".join(args)})')
    elif t == 'structure':
        lines.append(f'{inner}{v}.collectViolations(at: {path_expr} + ".", into: &violations)')
    elif t == 'list':
        el = s['member']['shape']; es = sh[el]
        # A list of structures is printed in the message the way AWS's Java model prints it.
        shown = f', shown: .text({v}.javaDescription)' if es['type'] == 'structure' and not es.get('sensitive') else ''
        for bound in ('max', 'min'):
            if bound not in s or (bound == 'min' and s['min'] == 0): continue
            call = f'violations.checkCount({v}.count, at: {path_expr}, {bound}: {s[bound]}{shown})'
            if len(inner) + len(call) <= 150: lines.append(inner + call)
            else: lines += [f'{inner}violations.checkCount(', f'{inner}    {call[len("violations.checkCount("):]}']
        sub = violations_for('element', el, 'element', f'{path_expr} + ".\\(index + 1).member"', inner + '    ', False)
        if sub:
            lines.append(f'{inner}for (index, element) in {v}.enumerated() {{'); lines += sub; lines.append(f'{inner}}}')
    if optional:
        if len(lines) == 1: return []
        lines.append(f'{indent}}}')
    return lines

def NO_VALIDATION(n):
    return n.endswith(('Output', 'EventDetails', 'ListItem')) or n in ('HistoryEvent', 'ValidateStateMachineDefinitionDiagnostic', 'BillingDetails', 'CloudWatchEventsExecutionDataDetails', 'AssignedVariablesDetails', 'TaskCredentials')

OPDOC = {}
for o in OPS:
    op = m['operations'][o]
    OPDOC[op['input']['shape']] = f'/// The request of `{o}`.\n'
    OPDOC[op['output']['shape']] = f'/// The response of `{o}`.\n'

def gen_struct(n):
    s = sh[n]; req = set(s.get('required', [])); mem = s['members']
    o = OPDOC.get(n) or doc(s.get('documentation'), '') or f'/// The `{n}` shape of the Step Functions API.\n'
    o += f'public struct {n}: StepFunctionsShape {{\n'
    for k, v in mem.items():
        o += doc(v.get('documentation'), '    ') or doc(sh[v['shape']].get('documentation'), '    ') or f'    /// `{k}` as AWS names it.\n'
        opt = '' if k in req else '?'
        o += f'    public var {ident(k)}: {swift_type(v["shape"])}{opt}\n'
    # init
    params = []
    for k, v in mem.items():
        params.append(f'{k}: {swift_type(v["shape"])}' + ('' if k in req else '? = nil'))
    if mem: o += '\n'
    o += '    /// Creates the shape from its members; optional members default to absent.\n'
    if params:
        o += '    public init(\n' + ',\n'.join('        ' + p for p in params) + '\n    ) {\n'
        for k in mem: o += f'        self.{ident(k) if ident(k)!=k else k} = {ident(k) if ident(k)!=k else k}\n'
        o += '    }\n'
    else:
        o += '    public init() {}\n'
    o += f'\n    public static let requiredMembers: [String] = [{", ".join(chr(34)+r+chr(34) for r in mem if r in req)}]\n'
    body = []
    for k, v in mem.items():
        body += violations_for(k, v['shape'], 'self.' + k, f'path + "{k}"', '        ', k not in req)
    if body and not NO_VALIDATION(n):
        o += '\n    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {\n'
        o += '\n'.join(body) + '\n    }\n'
    o += '}\n'
    return o

HEADER = '// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and\n// reviewed by hand. Member names are AWS wire names: do not rename them.\nimport Foundation\n\n'
def write(path, names, fn):
    out = HEADER + '\n'.join(fn(n) for n in names)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, 'w').write(out)
    print(path, out.count('\n'))

root = sys.argv[1]
enums = [n for n in seen if is_enum(n)]
write(f'{root}/Shapes/Enums.swift', sorted(enums), gen_enum)
op_groups = {
  'StateMachine': ["CreateStateMachine","UpdateStateMachine","DescribeStateMachine","DeleteStateMachine"],
  'StateMachineQueries': ["ListStateMachines","ValidateStateMachineDefinition","DescribeStateMachineForExecution"],
  'Activity': ["CreateActivity","DescribeActivity","DeleteActivity","ListActivities","GetActivityTask"],
  'Execution': ["StartExecution","StartSyncExecution","StopExecution","DescribeExecution"],
  'ExecutionQueries': ["ListExecutions","GetExecutionHistory","RedriveExecution"],
  'TaskToken': ["SendTaskSuccess","SendTaskFailure","SendTaskHeartbeat"],
  'Tagging': ["TagResource","UntagResource","ListTagsForResource"],
}
used = set()
for g, ops in op_groups.items():
    names = []
    for o in ops:
        for k in ('input', 'output'):
            names.append(m['operations'][o][k]['shape'])
    used.update(names)
    write(f'{root}/Operations/{g}Operations.swift', names, gen_struct)
structs = [n for n in seen if sh[n]['type'] == 'structure' and n not in used]
details = sorted(n for n in structs if n.endswith('EventDetails'))
others = sorted(n for n in structs if n not in details and n != 'HistoryEvent')
write(f'{root}/Shapes/Structures.swift', others, gen_struct)
write(f'{root}/History/HistoryEvent.swift', ['HistoryEvent'], gen_struct)
groups = {'Activity': [], 'Execution': [], 'Lambda': [], 'MapAndState': [], 'Task': []}
for d in details:
    for g in ('Activity', 'Execution', 'Lambda', 'Task'):
        if d.startswith(g): groups[g].append(d); break
    else: groups['MapAndState'].append(d)
for g, names in groups.items():
    write(f'{root}/History/EventDetails+{g}.swift', names, gen_struct)
# The HistoryEvent `type` values list for docs

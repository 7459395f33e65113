# Reads Prefect's core block classes (notifications.py, filesystems.py; AST only, no Prefect install) and prints
# core.json entries approximating Pydantic's JSON schema. Inputs: git show HEAD:src/prefect/blocks/notifications.py > /tmp/notif.py,
# and filesystems.py > /tmp/fs.py (a Prefect checkout); then: python3 extract-core.py > core11.json
import ast, json, sys, textwrap, re
SRC = {'notif': open('/tmp/notif.py').read(), 'fs': open('/tmp/fs.py').read()}
MODULE = {'notif': 'prefect.blocks.notifications', 'fs': 'prefect.filesystems'}
classes = {}
for key, text in SRC.items():
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes[node.name] = (key, node)

def const(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        if isinstance(node, ast.Call) and getattr(node.func, 'id', '') == 'HttpUrl':
            return ast.literal_eval(node.args[0])
        if isinstance(node, ast.Name) and node.id == 'PREFECT_NOTIFY_TYPE_DEFAULT':
            return 'info'
        return None

def schema_of(ann):
    s = ast.unparse(ann)
    if s.startswith('Optional['):
        inner = schema_of(ann.slice)
        return {'anyOf': [inner, {'type': 'null'}]}
    if s.startswith('Literal['):
        vals = ast.literal_eval(ann.slice) if not isinstance(ann.slice, ast.Tuple) else [ast.literal_eval(e) for e in ann.slice.elts]
        if not isinstance(vals, list): vals = [vals]
        return {'enum': vals, 'type': 'string'}
    m = {'str': {'type': 'string'}, 'int': {'type': 'integer'}, 'bool': {'type': 'boolean'}, 'float': {'type': 'number'},
         'SecretStr': {'format': 'password', 'type': 'string', 'writeOnly': True}, 'HttpUrl': {'format': 'uri', 'maxLength': 2083, 'minLength': 1, 'type': 'string'},
         'SecretDict': {'type': 'object'}}
    if s in m: return dict(m[s])
    if s.startswith(('Dict[', 'dict[')): return {'additionalProperties': True, 'type': 'object'} if 'Any' in s else {'type': 'object'}
    if s.startswith(('list[', 'List[')): return {'items': schema_of(ann.slice), 'type': 'array'}
    if s.startswith('Union['): return {'anyOf': [schema_of(e) for e in ann.slice.elts]}
    return {}

def fields_of(name):
    key, node = classes[name]
    out, attrs = {}, {}
    for base in node.bases:
        b = ast.unparse(base)
        if b in classes:
            f, a = fields_of(b)
            out.update(f); attrs.update(a)
    for st in node.body:
        if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name) and not st.target.id.startswith('_'):
            kw = {}
            if isinstance(st.value, ast.Call) and getattr(st.value.func, 'id', '') == 'Field':
                for k in st.value.keywords:
                    kw[k.arg] = k.value
            out[st.target.id] = (st.annotation, kw, st.value)
        elif isinstance(st, (ast.Assign, ast.AnnAssign)):
            t = st.targets[0] if isinstance(st, ast.Assign) else st.target
            if isinstance(t, ast.Name) and t.id.startswith('_'):
                attrs[t.id] = const(st.value)
    return out, attrs

def doc_parts(doc):
    doc = textwrap.dedent(doc or '').strip('\n')
    paras = doc.split('\n\n')
    desc = paras[0].strip().replace('\n', ' ') if paras else None
    example = None
    m = re.search(r'^Examples?:\n(.*)', doc, re.S | re.M)
    if m:
        body = textwrap.dedent(m.group(1)).strip()
        example = body
    return desc, example

def entry(name, slug_override=None, caps=()):
    key, node = classes[name]
    fields, attrs = fields_of(name)
    doc = ast.get_docstring(node, clean=False)
    desc_doc, example = doc_parts(doc)
    tname = attrs.get('_block_type_name') or name
    slug = attrs.get('_block_type_slug') or re.sub(r'[^a-z0-9]+', '-', tname.lower()).strip('-')
    description = attrs.get('_description') or desc_doc
    code = attrs.get('_code_example') or example or f'```python\nfrom {MODULE[key]} import {name}\n\n{slug.replace("-", "_")}_block = {name}.load("BLOCK_NAME")\n```'
    props, required, secrets = {}, [], []
    for fname, (ann, kw, value) in fields.items():
        p = schema_of(ann)
        prop = {}
        if 'title' in kw: prop['title'] = const(kw['title'])
        else: prop['title'] = fname.replace('_', ' ').title()
        if 'description' in kw: prop['description'] = const(kw['description'])
        has_default = True
        if 'default' in kw:
            d = const(kw['default'])
            if isinstance(kw['default'], ast.Constant) and kw['default'].value is Ellipsis: has_default = False
            else: prop['default'] = d
        elif 'default_factory' in kw: pass
        elif value is None: has_default = False
        elif isinstance(value, ast.Call) and getattr(value.func, 'id', '') == 'Field' and not (value.args and not (isinstance(value.args[0], ast.Constant) and value.args[0].value is Ellipsis)):
            has_default = False
        elif not isinstance(value, ast.Call): prop['default'] = const(value)
        if 'examples' in kw: prop['examples'] = const(kw['examples'])
        prop.update(p)
        props[fname] = prop
        if not has_default: required.append(fname)
        a = ast.unparse(ann)
        if 'SecretStr' in a: secrets.append(fname)
        if 'SecretDict' in a: secrets.append(f'{fname}.*')
    fields_json = {'title': name, 'description': description, 'type': 'object', 'properties': props}
    if required: fields_json['required'] = required
    fields_json.update({'block_type_slug': slug, 'secret_fields': secrets, 'block_schema_references': {}})
    return {'name': tname, 'slug': slug, 'logo_url': attrs.get('_logo_url'), 'documentation_url': attrs.get('_documentation_url'),
            'description': description, 'code_example': code, 'capabilities': list(caps), 'fields': fields_json}

FS = ['get-directory', 'put-directory', 'read-path', 'write-path']
out = [entry('RemoteFileSystem', caps=FS), entry('SMB', caps=FS)]
for c in ['SlackWebhook', 'MicrosoftTeamsWebhook', 'PagerDutyWebHook', 'TwilioSMS', 'OpsgenieWebhook', 'MattermostWebhook', 'DiscordWebhook', 'CustomWebhookNotificationBlock', 'SendgridEmail']:
    out.append(entry(c, caps=['notify']))
json.dump(out, sys.stdout, indent=1)

import os, time, sys, json
# samples cumulative CPU (s) per process-class (app: the leadrouter JVM, pg: PostgreSQL, loadgen: wrk) every 0.5 s until killed; writes JSON lines
hz=os.sysconf('SC_CLK_TCK')
def classify(cmd):
    if 'leadrouter' in cmd and 'java' in cmd: return 'app'
    if cmd.split(' ', 1)[0].endswith('wrk'): return 'loadgen'
    if 'postgres' in cmd: return 'pg'
    return None
dead={'app':0,'pg':0,'loadgen':0}; last={}
out=open(sys.argv[1],'w')
while True:
    cur={}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            cmd=open(f'/proc/{p}/cmdline','rb').read().replace(b'\0',b' ').decode(errors='replace')
            c=classify(cmd)
            if not c: continue
            f=open(f'/proc/{p}/stat').read().rsplit(')',1)[1].split()
            cur[p]=(c,(int(f[11])+int(f[12]))/hz)
        except Exception: pass
    for p,(c,t) in last.items():
        if p not in cur: dead[c]+=t
    last=cur
    tot=dict(dead)
    for p,(c,t) in cur.items(): tot[c]=tot.get(c,0)+t
    # system total
    st=open('/proc/stat').readline().split()[1:]
    tot['idle']=int(st[3])/hz; tot['t']=time.time()
    out.write(json.dumps(tot)+'\n'); out.flush()
    time.sleep(0.5)

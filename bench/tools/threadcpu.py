import os, sys, time, re, collections
# CPU seconds per thread-name group of a running JVM (digits folded: "C2 CompilerThread0" and "…1" are one group),
# from /proc/<pid>/task/*/stat, every <interval> seconds since the previous line — e.g. to see how long the JIT still
# compiles under load (bench/README.md). Usage: python3 bench/tools/threadcpu.py <pid> <interval>
pid=sys.argv[1]; iv=float(sys.argv[2]); hz=os.sysconf('SC_CLK_TCK'); prev={}
while os.path.exists(f'/proc/{pid}'):
    cur=collections.Counter()
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name=open(f'/proc/{pid}/task/{t}/comm').read().strip()
            f=open(f'/proc/{pid}/task/{t}/stat').read().rsplit(')',1)[1].split()
            cur[(t,re.sub(r'\d+','N',name))]=(int(f[11])+int(f[12]))/hz
        except Exception: pass
    g=collections.Counter()
    for k,v in cur.items(): g[k[1]]+=v-prev.get(k,0)
    prev=cur
    print(time.strftime('%H:%M:%S'), ' '.join(f'{k}={v:.1f}' for k,v in g.most_common(8) if v>0.05), flush=True)
    time.sleep(iv)

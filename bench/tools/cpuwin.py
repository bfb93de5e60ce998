import json, sys, datetime
# usage: cpuwin.py samples.jsonl result.json  -> CPU seconds per class in the measured window, per lead
rows=[json.loads(l) for l in open(sys.argv[1])]
d=json.load(open(sys.argv[2]))
t0=datetime.datetime.fromisoformat(d['started_at'].replace('Z','+00:00')).timestamp(); t1=t0+d['duration_s']
a=min(rows,key=lambda r:abs(r['t']-t0)); b=min(rows,key=lambda r:abs(r['t']-t1))
dt=b['t']-a['t']; n=d['accepted']*dt/d['duration_s']
print(f"{d['label']}: {d['accepted_per_s']:.0f}/s window {dt:.1f}s")
for k in ['app','pg','loadgen','idle']:
    v=b.get(k,0)-a.get(k,0)
    print(f"  {k:8s} {v:6.2f} cpu-s  {1000*v/n:6.3f} ms/lead  {100*v/dt/2:5.1f}% of 2 cores")

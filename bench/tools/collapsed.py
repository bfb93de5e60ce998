import sys, collections
# usage: collapsed.py file.collapsed [mode] [arg]; mode: top (default) | under FRAME | incl PREFIX
lines=[l.rsplit(' ',1) for l in open(sys.argv[1]) if l.strip()]
stacks=[(s.split(';'),int(c)) for s,c in lines]
tot=sum(c for _,c in stacks)
mode=sys.argv[2] if len(sys.argv)>2 else 'top'
def clean(f): return f.replace('_[j]','').replace('_[i]','').replace('_[0]','').replace('_[1]','')
if mode=='top':
    selfc=collections.Counter(); incl=collections.Counter()
    for fr,c in stacks:
        fr=[clean(f) for f in fr]
        selfc[fr[-1]]+=c
        for f in set(fr): incl[f]+=c
    print('total', tot)
    for f,c in selfc.most_common(25): print(f'{100*c/tot:5.1f}% self {f}')
    pre=sys.argv[3] if len(sys.argv)>3 else 'io/leadrouter'
    for f,c in [x for x in incl.most_common() if x[0].startswith(pre)][:45]: print(f'{100*c/tot:5.1f}% incl {f}')
elif mode=='under':
    want=sys.argv[3]; callee=collections.Counter(); n=0
    for fr,c in stacks:
        fr=[clean(f) for f in fr]
        idx=[i for i,f in enumerate(fr) if f.startswith(want)]
        if not idx: continue
        i=idx[0]; n+=c  # outermost
        callee[fr[i+1] if i+1<len(fr) else '(self)']+=c
    print(want, f'{100*n/tot:.1f}%')
    for f,c in callee.most_common(25): print(f'  {100*c/tot:5.1f}% {f}')
elif mode=='groups':
    # classify each stack by its first matching group frame (outermost)
    groups=[g.split('=') for g in sys.argv[3:]]
    cnt=collections.Counter()
    for fr,c in stacks:
        fr=[clean(f) for f in fr]; key='other'
        for name,pat in groups:
            if any(pat in f for f in fr): key=name; break
        cnt[key]+=c
    for k,c in cnt.most_common(): print(f'{100*c/tot:5.1f}% {k}')

# PMU counts per leaf entry (kernel mode, net of the null window) vs range
# size: a panel per counted event and mix, colour by method, dash by lazy
# mode; the events not counted are named in the title.
logy = 1
load plotsdir."/panels.gp"

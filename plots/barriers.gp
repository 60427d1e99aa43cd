# DSB per leaf entry vs range size, exact (the QEMU plugin, between the
# module's markers): a panel per mix, colour by method, dash by lazy mode.
# Without lazy MMU batching one DSB (and one ISB) per PTE: 1.0; with it one
# pair per section, falling as 1 / entries; blocks change fewer entries.
logy = 1
load plotsdir."/panels.gp"

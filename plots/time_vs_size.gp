# Median time (or ns per leaf entry) vs range size, log-log, as small
# multiples: a panel per mix, colour by method, dash by lazy MMU mode, the
# bootstrap 95 % CI as error bars (see panels.gp for the variables).
logy = 1
load plotsdir."/panels.gp"

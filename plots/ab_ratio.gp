# A/B of two kernels: kernel B / kernel A net-time ratio per whole kernel
# path (pageattr-apply, pageattr-walk, set-memory-nx: colour by method) vs
# range size, a panel per mix, the 95 % CI as a band; above the dashed line
# at 1 kernel B is slower. Drawn only for a report of two kernels.
refline = 1
band = 1
load plotsdir."/panels.gp"

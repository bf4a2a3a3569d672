# SuperFastPython.com
# example of getting the supported start methods
from multiprocessing import get_all_start_methods
# protect entry point
if __name__ == '__main__':
    # get the supported start methods
    methods = get_all_start_methods()
    print(methods)

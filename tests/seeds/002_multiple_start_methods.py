# SuperFastPython.com
# example of setting the fork start method
from multiprocessing import get_context
from multiprocessing import set_start_method
from multiprocessing import get_start_method
from multiprocessing import Process
# function executed in a new process
def task():
    print('Hello from new process', flush=True)
# protect entry point
if __name__ == '__main__':
    # set the start method
    set_start_method('fork')
    # report the start method
    print(f'Start Method: {get_start_method()}')
    # start a child process
    process = Process(target=task)
    process.start()
    process.join()
    # change start method
    context = get_context('spawn')
    # report the start method
    print(f'Start Method: {context.get_start_method()}')
    # start a child process
    process = context.Process(target=task)
    process.start()
    process.join()
